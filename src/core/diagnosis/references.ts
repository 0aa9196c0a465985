/** Documents findings cite; one place so every surface links the same section. */
export const RFC7323_3_2 = 'https://www.rfc-editor.org/rfc/rfc7323#section-3.2';
export const RFC7323_5 = 'https://www.rfc-editor.org/rfc/rfc7323#section-5';
export const RFC7323_2_3 = 'https://www.rfc-editor.org/rfc/rfc7323#section-2.3';
export const RFC9293_3_10_7 = 'https://www.rfc-editor.org/rfc/rfc9293#section-3.10.7';
export const RFC9293_3_5_2 = 'https://www.rfc-editor.org/rfc/rfc9293#section-3.5.2';
export const RFC9293_3_7_1 = 'https://www.rfc-editor.org/rfc/rfc9293#section-3.7.1';
export const RFC5961_3 = 'https://www.rfc-editor.org/rfc/rfc5961#section-3';
export const RFC5961_4 = 'https://www.rfc-editor.org/rfc/rfc5961#section-4';
export const RFC1191 = 'https://www.rfc-editor.org/rfc/rfc1191';
export const RFC4821 = 'https://www.rfc-editor.org/rfc/rfc4821';
export const RFC6298 = 'https://www.rfc-editor.org/rfc/rfc6298';
export const RFC2525_2_17 = 'https://www.rfc-editor.org/rfc/rfc2525#section-2.17';
export const NMAP_SYN_SCAN = 'https://nmap.org/book/synscan.html';
export const KERNEL_IP_SYSCTL = 'https://docs.kernel.org/networking/ip-sysctl.html';
export const RFC2018 = 'https://www.rfc-editor.org/rfc/rfc2018';
export const RFC9293_3_7_4 = 'https://www.rfc-editor.org/rfc/rfc9293#section-3.7.4';
