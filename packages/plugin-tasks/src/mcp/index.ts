export { mcpTasksPlugin, type McpTasksPluginOptions } from './mcpTasksPlugin.js';
export { TasksMcpReceiver, type TasksMcpReceiverOptions } from './TasksMcpReceiver.js';
