/** The live socket in tests: a stand-in for the browser's WebSocket that records the frames the
 * app sends and answers them as the server would (`answer`), and pushes frames (`push`). */
import { vi } from "vitest";
import type { Frame } from "../live/socket";

type Answer = (frame: Frame) => Frame[];

export type FakeLive = { sent: Frame[]; push: (frame: Frame) => void };

export function fakeLive(answer: Answer = () => []): FakeLive {
  const sockets: FakeWebSocket[] = [];
  const sent: Frame[] = [];
  const deliver = (frame: Frame) => {
    for (const socket of sockets) if (socket.readyState === FakeWebSocket.OPEN) socket.onmessage?.({ data: JSON.stringify(frame) });
  };

  class FakeWebSocket {
    static readonly CONNECTING = 0;
    static readonly OPEN = 1;
    static readonly CLOSED = 3;
    readyState = FakeWebSocket.CONNECTING;
    onopen: (() => void) | null = null;
    onmessage: ((event: { data: string }) => void) | null = null;
    onclose: ((event: { code: number }) => void) | null = null;

    constructor(readonly url: string) {
      sockets.push(this);
      setTimeout(() => {
        this.readyState = FakeWebSocket.OPEN;
        this.onopen?.();
        this.onmessage?.({ data: JSON.stringify({ type: "hello", user: 7 }) });
      });
    }

    send(text: string): void {
      const frame = JSON.parse(text) as Frame;
      sent.push(frame);
      // The server answers after this frame is handled, as over a network.
      setTimeout(() => answer(frame).forEach(deliver));
    }

    close(): void {
      this.readyState = FakeWebSocket.CLOSED;
    }
  }

  vi.stubGlobal("WebSocket", FakeWebSocket);
  return { sent, push: deliver };
}
