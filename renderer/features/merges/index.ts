// Merge review: what two sides changed differently while apart (shared/model/merges.ts), on the page and on its tasks.
export { MergeReview } from './MergeReview';
export { TaskMergeFlags } from './TaskMergeFlags';
