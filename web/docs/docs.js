// Swagger UI on the service's own OpenAPI document. A separate file, not an
// inline script, so the page's Content-Security-Policy can refuse inline
// script. `validatorUrl: null`: no badge fetched from validator.swagger.io.
window.ui = SwaggerUIBundle({
  url: "/openapi.json",
  dom_id: "#swagger-ui",
  deepLinking: true,
  presets: [SwaggerUIBundle.presets.apis],
  layout: "BaseLayout",
  validatorUrl: null,
  tryItOutEnabled: true,
  persistAuthorization: false,
});
