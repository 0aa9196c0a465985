/**
 * The key log files looked for beside a capture, most specific first: `<capture>.keys` and
 * `<capture>.keylog` with and without the capture's extension (tls.pcap.keys, tls.keys), then the
 * `sslkeylog.txt` a browser or curl started with SSLKEYLOGFILE=sslkeylog.txt leaves in that folder.
 */
export function keyLogCandidates(captureName: string): string[] {
  const stem = captureName.replace(/\.(pcapng|pcap|cap)(\.gz)?$/i, '');
  const names = [`${captureName}.keys`, `${captureName}.keylog`];
  if (stem !== captureName && stem) names.push(`${stem}.keys`, `${stem}.keylog`);
  names.push('sslkeylog.txt');
  return names;
}
