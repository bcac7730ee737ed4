// The open page: title and the body of its kind.
export { PageView } from './PageView';
