export { threeWayMerge, deepEqual } from './three-way-merge';
export type { MergeConflict, MergeOptions, MergeResult } from './three-way-merge';
