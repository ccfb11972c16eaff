import { describe, expect, it } from "vitest";
import { clientAddress, isLoopback, PEER_HEADER } from "./client-address";

const headers = (peer: string | null, forwarded?: string) => {
  const h = new Headers();
  if (peer !== null) h.set(PEER_HEADER, peer);
  if (forwarded) h.set("x-forwarded-for", forwarded);
  return h;
};

describe("client address", () => {
  it("is the TCP peer, with IPv4-mapped IPv6 written as IPv4", () => {
    expect(clientAddress(headers("::ffff:3.18.12.63"), [])).toBe("3.18.12.63");
  });

  it("ignores X-Forwarded-For from a peer that is not a trusted proxy (a client cannot choose its address)", () => {
    expect(clientAddress(headers("203.0.113.9", "3.18.12.63"), [])).toBe("203.0.113.9");
  });

  it("behind trusted proxies, takes the rightmost address that is not a proxy", () => {
    expect(clientAddress(headers("10.0.0.5", "198.51.100.1, 3.18.12.63, 10.0.0.6"), ["10.0.0.5", "10.0.0.6"])).toBe("3.18.12.63");
  });

  it("is unknown when the request did not come through Hookwarden's server", () => {
    expect(clientAddress(headers(null, "127.0.0.1"), [])).toBeNull();
  });

  it("treats only loopback addresses as the local machine", () => {
    expect(isLoopback("127.0.0.1")).toBe(true);
    expect(isLoopback("::1")).toBe(true);
    expect(isLoopback("192.168.1.10")).toBe(false);
    expect(isLoopback(null)).toBe(false);
  });
});
