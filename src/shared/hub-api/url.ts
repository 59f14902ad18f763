/**
 * Whether a hub address would carry the password and the team's records unencrypted across a
 * network: plain `http://` to a host other than this computer. The hub itself listens on
 * loopback only; reaching it from elsewhere goes through a TLS proxy (`https://`), so plain http
 * to another host is almost always a mistake (or a proxy someone forgot to secure).
 */
export function insecureHubUrl(address: string): boolean {
  let url: URL
  try {
    url = new URL(address.trim())
  } catch {
    return false
  }
  return url.protocol === 'http:' && !isLoopbackHost(url.hostname)
}

/** This computer: `localhost` (and its subdomains), 127.0.0.0/8, ::1. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, '')
  if (host === 'localhost' || host.endsWith('.localhost')) return true
  if (host === '::1' || host === '0:0:0:0:0:0:0:1') return true
  return /^127(\.\d{1,3}){3}$/.test(host)
}
