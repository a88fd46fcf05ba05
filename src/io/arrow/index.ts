export { fromArrowPaths, type ArrowPathsOptions } from './from-arrow-paths.js';
export { fromArrowTouchpoints, type ArrowTouchpointsOptions } from './from-arrow-touchpoints.js';
export { fromArrow, type ArrowOptions } from './from-arrow.js';
export { readArrowIpc } from './read-ipc.js';
