import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";

export type FakeServer = {
  url: string;
  /** While true, every connection is dropped unanswered (a provider that cannot be reached). */
  setUnreachable(unreachable: boolean): void;
  close(): Promise<void>;
};

/** An HTTP server on 127.0.0.1 and a free port, for the secret providers' local fakes. */
export async function startFakeServer(handle: (req: IncomingMessage, res: ServerResponse) => void | Promise<void>): Promise<FakeServer> {
  const sockets = new Set<Socket>();
  let unreachable = false;
  const server = createServer((req, res) => {
    if (unreachable) req.socket.destroy();
    else void handle(req, res);
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const dropAll = () => {
    for (const socket of sockets) socket.destroy();
  };
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    setUnreachable(next) {
      unreachable = next;
      if (next) dropAll();
    },
    close: () =>
      new Promise<void>((resolve) => {
        dropAll();
        server.close(() => resolve());
      }),
  };
}
