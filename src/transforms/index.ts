// Path transforms (Google fractribution's): re-exports only.
export { applyTransforms } from './apply-transforms.js';
export { parseTransforms, formatTransforms } from './parse-transforms.js';
export { TRANSFORM_NAMES, type PathTransform, type TransformName } from './path-transform.js';
