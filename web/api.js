// Calls to the catalog API, and every way one can fail put into words a
// shopper can read. Nothing here touches the page.

/** A failed call: `message` is for the shopper, `code` and `status` for the code. */
export class ApiProblem extends Error {
  constructor(message, { status = 0, code = "", details = null } = {}) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

/** Whether the route itself is missing (an older service), not the thing it names. */
export function routeMissing(problem) {
  return problem instanceof ApiProblem &&
    (problem.code === "route_not_found" || problem.code === "method_not_allowed");
}

/**
 * GETs or POSTs JSON and answers the parsed body, or throws an ApiProblem.
 * An aborted call throws the AbortError untouched: the caller moved on.
 */
export async function request(path, { method = "GET", body, signal, headers = {} } = {}) {
  const init = { method, signal, headers: { accept: "application/json", ...headers } };
  if (body !== undefined) {
    init.body = JSON.stringify(body);
    init.headers["content-type"] = "application/json";
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch (err) {
    if (err.name === "AbortError") throw err;
    throw new ApiProblem("The shop cannot reach its service right now. Check your connection and try again.");
  }
  let payload = null;
  const text = await response.text();
  if (text) {
    try {
      payload = JSON.parse(text);
    } catch {
      payload = null;
    }
  }
  if (response.ok && payload !== null) return payload;
  throw problemOf(response, payload);
}

function problemOf(response, payload) {
  const error = payload && payload.error;
  const status = response.status;
  if (!error) {
    const what = response.ok ? "an answer the shop cannot read" : `${status} ${response.statusText}`.trim();
    return new ApiProblem(`The service answered ${what}. Please try again.`, { status });
  }
  const options = { status, code: error.code, details: error.details ?? null };
  const said = sentence(error.message || "");
  switch (error.code) {
    case "rate_limited": {
      const wait = Number(response.headers.get("retry-after"));
      const after = Number.isFinite(wait) && wait > 0 ? ` in ${wait} s` : " in a moment";
      return new ApiProblem(`Too many requests from this browser. Please try again${after}.`, options);
    }
    case "service_unavailable":
      return new ApiProblem(`The service is busy or starting up: ${said} Please try again shortly.`, options);
    case "internal":
      return new ApiProblem("Something went wrong on our side. Please try again.", options);
    case "request_timeout":
      return new ApiProblem("The service took too long to answer. Please try again.", options);
    default:
      return new ApiProblem(said || `The service answered ${status}.`, options);
  }
}

/** "page_size must be at most 100" -> "Page_size must be at most 100." */
function sentence(message) {
  const trimmed = message.trim();
  if (!trimmed) return "";
  const capital = trimmed[0].toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
}
