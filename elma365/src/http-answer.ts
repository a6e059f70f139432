/** The only answer the SDK documents: `new HttpResponse().status(n).content(text)`; the text is JSON here. */
export function textAnswer(status: number, body: unknown): HttpResponse {
  return new HttpResponse().status(status).content(JSON.stringify(body));
}
