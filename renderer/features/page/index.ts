// The open page: title and the body of its kind.
export { PageView } from './PageView';
export { Opening, useViewChoice, ViewTabs } from './PageViews';
