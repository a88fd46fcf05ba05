// Journey flows: re-exports only.
export {
  journeyFlows,
  FLOW_START,
  MAX_FLOW_STEPS,
  FLOW_CONVERSION,
  FLOW_NULL,
  FLOW_CONTINUES,
  type JourneyFlowOptions,
  type JourneyFlows,
  type FlowView,
  type FlowNode,
  type FlowLink,
  type FlowLinkKind,
  type FlowPath,
} from './journey-flows.js';
export { flowColumns, joinPath, FLOW_TABLES, type FlowTable } from './flow-columns.js';
