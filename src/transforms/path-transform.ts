/**
 * Path transforms as Google fractribution defines them (py/README.md and
 * templates/path_transforms.sql): each maps a path's channel sequence to a
 * new one, and they run in the order given, before any model.
 */
export type PathTransform =
  /** The identity: every touch kept (named so for compatibility). */
  | { readonly kind: 'unique' }
  /** Collapse consecutive repeats: `D A B B C D C C` -> `D A B C D C`. */
  | { readonly kind: 'exposure' }
  /** Keep the first occurrence of each channel, in order of first appearance: -> `D A B C`. */
  | { readonly kind: 'first' }
  /** Each channel once, in order of first appearance, renamed with its total count: -> `D(2) A(1) B(2) C(3)`. */
  | { readonly kind: 'frequency' }
  /** Keep the last `steps` touches; `steps <= 0` keeps all. */
  | { readonly kind: 'trim-long-path'; readonly steps: number }
  /** Drop every touch of `channel`, unless the path is only `channel` (then it is kept whole). */
  | { readonly kind: 'remove-if-not-all'; readonly channel: string }
  /** Drop the trailing run of `channel`, unless the path is only `channel` (then it is kept whole). */
  | { readonly kind: 'remove-if-last-and-not-all'; readonly channel: string };

/** The names of the transforms, as the CLI and {@link parseTransforms} spell them. */
export const TRANSFORM_NAMES = ['unique', 'exposure', 'first', 'frequency', 'trim-long-path', 'remove-if-not-all', 'remove-if-last-and-not-all'] as const;

/** One of {@link TRANSFORM_NAMES}. */
export type TransformName = (typeof TRANSFORM_NAMES)[number];
