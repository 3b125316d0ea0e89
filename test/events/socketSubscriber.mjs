// A WebSocket subscriber in its own process, for socketKill.test.ts. Args: url token until lastEventId?
// It connects as a browser does (Node's WebSocket: the token in a `bearer.` subprotocol, the
// cursor in `?lastEventId=`), prints "event <id> <n>" for each event as it arrives — its stdout is
// its cursor, as a database row would be — "live" at the live notice and "gap <reason>" for a gap,
// and exits 0 once it has printed the event whose n is `until`.
const [url, token, until, lastEventId] = process.argv.slice(2);
const target = lastEventId === undefined ? url : `${url}?lastEventId=${encodeURIComponent(lastEventId)}`;
const socket = new WebSocket(target, ['a2a.events.v1', `bearer.${token}`]);
socket.addEventListener('message', (message) => {
  const frame = JSON.parse(String(message.data));
  if (frame.kind === 'live') console.log('live');
  else if (frame.kind === 'gap') console.log(`gap ${frame.reason}`);
  else {
    console.log(`event ${frame.event.id} ${frame.event.data.words}`);
    if (frame.event.data.words === Number(until)) {
      socket.close();
      process.exitCode = 0;
    }
  }
});
socket.addEventListener('error', () => {
  console.error('socket error');
  process.exit(1);
});
