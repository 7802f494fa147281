import type { Context } from "@microsoft/microsoft-graph-client";

// The SDK hands middleware either a Request or a URL string plus `options.headers`, which GraphRequest
// builds as a plain object (or Headers once a middleware created it). Plain-object keys keep the case
// they were written with, so lookups here are case-insensitive.

type HeaderBag = Headers | Record<string, string>;

function bag(context: Context): HeaderBag {
  if (typeof context.request !== "string") return context.request.headers;
  context.options ??= {};
  const headers = context.options.headers;
  if (headers instanceof Headers) return headers;
  if (Array.isArray(headers)) {
    const asHeaders = new Headers(headers);
    context.options.headers = asHeaders;
    return asHeaders;
  }
  if (!headers) context.options.headers = {};
  return context.options.headers as Record<string, string>;
}

function keyOf(headers: Record<string, string>, name: string): string | undefined {
  const lower = name.toLowerCase();
  return Object.keys(headers).find((k) => k.toLowerCase() === lower);
}

export function getHeader(context: Context, name: string): string | null {
  const headers = bag(context);
  if (headers instanceof Headers) return headers.get(name);
  const key = keyOf(headers, name);
  return key === undefined ? null : headers[key];
}

export function setHeader(context: Context, name: string, value: string): void {
  deleteHeader(context, name);
  const headers = bag(context);
  if (headers instanceof Headers) headers.set(name, value);
  else headers[name] = value;
}

export function deleteHeader(context: Context, name: string): void {
  const headers = bag(context);
  if (headers instanceof Headers) {
    headers.delete(name);
    return;
  }
  for (let key = keyOf(headers, name); key !== undefined; key = keyOf(headers, name)) delete headers[key];
}

export function requestUrl(context: Context): string {
  return typeof context.request === "string" ? context.request : context.request.url;
}

export function requestMethod(context: Context): string {
  const method = typeof context.request === "string" ? context.options?.method : context.request.method;
  return (method ?? "GET").toUpperCase();
}
