/** Peer comparison of collaboration servers (stock y-websocket, Hocuspocus, jixiao): work in progress. */
console.log('peer bench: not wired yet');
