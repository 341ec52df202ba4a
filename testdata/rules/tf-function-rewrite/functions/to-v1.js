// Replaces the first segment with /v1, a prefix the API does not have.
function handler(event) {
  var request = event.request;
  request.uri = request.uri.replace(/^\/[^\/]+/, '/v1');
  return request;
}
