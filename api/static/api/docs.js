"use strict";
// Swagger UI for the API's OpenAPI document (api/docs.html). A static file, not an inline
// script, so the page keeps the site's Content-Security-Policy; the document's address
// (with the page's language) comes from the page.
(function () {
  const element = document.getElementById("swagger-ui");
  window.ui = SwaggerUIBundle({
    url: element.dataset.schemaUrl,
    domNode: element,
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
    deepLinking: true,
    // The API only reads: GET is what "Try it out" may send.
    supportedSubmitMethods: ["get"],
  });
})();
