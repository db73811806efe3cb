import { localServerHost, localServerUrl } from "../../lib/core/local_server_url.ts";
import { assertEquals } from "../support/assert.ts";

Deno.test("localServerHost() reaches a server bound to any interface through loopback", () => {
  assertEquals(["loopback", "any", "*", "0.0.0.0", "::", "192.168.1.5", "fe80::1"].map((i) => localServerHost(i)), [
    "127.0.0.1",
    "127.0.0.1",
    "127.0.0.1",
    "127.0.0.1",
    "[::1]",
    "192.168.1.5",
    "[fe80::1]",
  ]);
  assertEquals([undefined, "", "all", "localhost", "[::]", "::1", "[::1]"].map((i) => localServerHost(i)), [
    "127.0.0.1",
    "127.0.0.1",
    "127.0.0.1",
    "127.0.0.1",
    "[::1]",
    "[::1]",
    "[::1]",
  ]);
});

Deno.test("localServerUrl() takes the first port, 8200 by default, and https for a TLS server", () => {
  assertEquals(localServerUrl({ interface: undefined, ports: undefined, https: false }), "http://127.0.0.1:8200/");
  assertEquals(localServerUrl({ interface: "any", ports: " 8300 ,8400", https: false }), "http://127.0.0.1:8300/");
  assertEquals(localServerUrl({ interface: "::", ports: "9000", https: true }), "https://[::1]:9000/");
  assertEquals(localServerUrl({ interface: "10.0.0.2", ports: "", https: true }), "https://10.0.0.2:8200/");
});
