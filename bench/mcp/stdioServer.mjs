// Child process: node stdioServer.mjs plugin|bare
import { serveStdioSide } from './servers.mjs';
serveStdioSide(process.argv[2]);
