// Child process: node stdioServer.ts plugin|bare
import { serveStdioSide } from './servers.ts';

serveStdioSide(process.argv[2] === 'plugin' ? 'plugin' : 'bare');
