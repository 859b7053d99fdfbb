// Starts Swagger UI on the API documentation page (templates/api/docs.html). A static file, not an inline
// script: the Content-Security-Policy allows scripts from this origin only.
document.addEventListener("DOMContentLoaded", function () {
  var node = document.getElementById("swagger-ui");
  if (!node || typeof window.SwaggerUIBundle !== "function") {
    return;
  }
  window.SwaggerUIBundle({
    url: node.dataset.schemaUrl,
    domNode: node,
    deepLinking: false,
    docExpansion: "list",
    presets: [window.SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
    // The page is signed in with the session; the API itself takes a token (button "Authorize").
    withCredentials: true,
  });
});
