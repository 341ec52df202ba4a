// Viewers call /v2/...; the API serves the same paths without /v2.
async function handler(event) {
  const request = event.request;
  request.uri = request.uri.replace(/^\/v2(?=\/|$)/, '') || '/';
  return request;
}
