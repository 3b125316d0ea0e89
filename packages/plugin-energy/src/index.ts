export { type CpuEnergyEstimateOptions, type CpuTimeReading, CpuEnergyEstimate } from './estimate/CpuEnergyEstimate.js';
export { type EnergyMeterOptions, type EnergyReport, type EnergySource, EnergyMeter } from './meter/EnergyMeter.js';
export { type EnergyMetrics, createEnergyMetrics } from './metrics/EnergyMetrics.js';
export { attributeCallEnergy } from './metrics/attributeCallEnergy.js';
export { exportPowerMode } from './metrics/exportPowerMode.js';
export { createEnergyReportTool } from './plugin/createEnergyReportTool.js';
export { energyPlugin, energyPluginOptions } from './plugin/energyPlugin.js';
export type { EnergyPluginOptions, EnergyPluginOptionsInput } from './plugin/EnergyPluginOptions.js';
export { RaplCounter } from './rapl/RaplCounter.js';
export {
  type CreateRaplReaderOptions,
  type RaplPackageReading,
  type RaplProblem,
  type RaplReader,
  type RaplReading,
  createRaplReader,
} from './rapl/RaplReader.js';
export { PowerModeSwitch } from './power/PowerModeSwitch.js';
export { createPowerModeTool, type PowerModeToolInput, type PowerModeToolOutput } from './power/createPowerModeTool.js';
