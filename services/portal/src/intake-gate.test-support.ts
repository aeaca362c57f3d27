import { createConnection, createServer, type Server, type Socket } from "node:net";

/**
 * A TCP pass-through in front of intake that a test can shut and reopen on the same port: the
 * portal then meets an intake that is briefly unreachable, as in a restart or a network cut.
 */
export class IntakeGate {
  #server: Server | undefined;
  readonly #sockets = new Set<Socket>();

  constructor(
    readonly port: number,
    private readonly target: number,
  ) {}

  async open(): Promise<void> {
    const server = createServer((client) => {
      const upstream = createConnection({ host: "127.0.0.1", port: this.target });
      for (const socket of [client, upstream]) {
        this.#sockets.add(socket);
        socket.on("close", () => this.#sockets.delete(socket));
        socket.on("error", () => undefined);
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => server.listen(this.port, "127.0.0.1", resolve));
    this.#server = server;
  }

  async shut(): Promise<void> {
    const server = this.#server;
    this.#server = undefined;
    for (const socket of this.#sockets) socket.destroy();
    if (server !== undefined) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
