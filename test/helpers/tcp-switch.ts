import { createServer, type Server, type Socket, connect } from 'node:net';

/**
 * A TCP proxy in front of the database that a test can cut and restore: the database "goes away"
 * (every connection dropped, new ones refused) without stopping anyone else's server.
 */
export class TcpSwitch {
  private server?: Server;
  private readonly sockets = new Set<Socket>();
  private open = true;
  private tripwire?: string;

  constructor(private readonly target: { host: string; port: number }) {}

  async start(): Promise<number> {
    this.server = createServer((client) => {
      if (!this.open) return void client.destroy();
      const upstream = connect(this.target.port, this.target.host);
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
        socket.on('error', () => socket.destroy());
      }
      client.on('data', (chunk: Buffer) => {
        if (this.tripwire && chunk.toString('utf8').includes(this.tripwire)) {
          // Cut before the statement reaches the database: the connection dies mid-transaction.
          this.tripwire = undefined;
          this.cut();
          return;
        }
        upstream.write(chunk);
      });
      upstream.pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return (this.server.address() as { port: number }).port;
  }

  cut(): void {
    this.open = false;
    for (const socket of this.sockets) socket.destroy();
  }

  /** Cuts everything the moment a client sends SQL containing `text`. */
  cutOn(text: string): void {
    this.tripwire = text;
  }

  restore(): void {
    this.open = true;
  }

  async stop(): Promise<void> {
    this.cut();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }
}
