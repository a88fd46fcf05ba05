// Diagnostics: re-exports only.
export {
  diagnose,
  pathSupport,
  type PathSupport,
  DIAGNOSTICS_DEFAULTS,
  type Diagnostics,
  type DiagnosticsOptions,
  type DiagnosticFlag,
  type DiagnosticFlagKind,
  type ConservationResidual,
  type RareState,
  type DiagnoseInput,
} from './diagnostics.js';
export { flagText } from './flag-text.js';
