export { fromArrowPaths, type ArrowPathsOptions } from './from-arrow-paths.js';
export { fromArrowTouchpoints, type ArrowTouchpointsOptions } from './from-arrow-touchpoints.js';
export { fromArrow, detectLayout, type ArrowOptions, type InputLayout } from './from-arrow.js';
export { readArrowIpc } from './read-ipc.js';
