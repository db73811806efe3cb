import { listen, listenAddress, ListenError, parsePorts } from "../../lib/server/listen.ts";
import { UserInputError } from "../../lib/core/errors.ts";
import { assertEquals, assertThrows } from "../support/assert.ts";

Deno.test("parsePorts reads one port or a comma list and refuses anything else", () => {
  assertEquals(parsePorts("8200"), [8200]);
  assertEquals(parsePorts(" 8200, 8300 ,0"), [8200, 8300, 0]);
  assertEquals(parsePorts("8200,,8300"), [8200, 8300]);
  const bad = assertThrows(() => parsePorts("8200,http"), UserInputError);
  assertEquals(bad.message, 'Cannot use --webservice-port="8200,http": "http" is not a port number (0-65535)');
  assertThrows(() => parsePorts("65536"), UserInputError, "is not a port number");
  assertThrows(() => parsePorts("-1"), UserInputError, "is not a port number");
  assertThrows(() => parsePorts("82.5"), UserInputError, "is not a port number");
  assertEquals(
    assertThrows(() => parsePorts(" , "), UserInputError).message,
    'Cannot use --webservice-port=" , ": no port given',
  );
});

Deno.test("listenAddress maps loopback, any and IP addresses", () => {
  for (const value of ["", "loopback", "LOCALHOST", " Loopback "]) assertEquals(listenAddress(value), "127.0.0.1");
  for (const value of ["any", "ALL", "*"]) assertEquals(listenAddress(value), "0.0.0.0");
  assertEquals(listenAddress("192.168.1.20"), "192.168.1.20");
  assertEquals(listenAddress("[::1]"), "::1");
  assertEquals(listenAddress("fe80::1"), "fe80::1");
  const bad = assertThrows(() => listenAddress("eth0"), UserInputError);
  assertEquals(bad.message, 'Cannot use --webservice-interface="eth0": use "loopback", "any" or an IP address');
});

Deno.test("listen binds the next port of the list when the first is in use", async () => {
  const taken = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const busyPort = (taken.addr as Deno.NetAddr).port;
  const listening = listen({ ports: [busyPort, 0], hostname: "127.0.0.1" }, () => new Response("served"));
  try {
    assertEquals(listening.https, false);
    assertEquals(listening.hostname, "127.0.0.1");
    assertEquals(listening.port !== busyPort && listening.port > 0, true);
    const response = await fetch(`http://127.0.0.1:${listening.port}/`);
    assertEquals(await response.text(), "served");
  } finally {
    await listening.server.shutdown();
    taken.close();
  }
});

Deno.test("listen throws ListenError naming every port when none can be bound", () => {
  const first = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const second = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const ports = [(first.addr as Deno.NetAddr).port, (second.addr as Deno.NetAddr).port];
  try {
    const error = assertThrows(() => listen({ ports, hostname: "127.0.0.1" }, () => new Response("")), ListenError);
    assertEquals(
      error.message.startsWith(`Unable to start the server on any of the ports ${ports.join(", ")} (`),
      true,
    );
  } finally {
    first.close();
    second.close();
  }
});
