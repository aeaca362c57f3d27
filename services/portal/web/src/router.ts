import { useEffect, useState } from "react";

export type Route =
  | { page: "sign-in" }
  | { page: "setup" }
  | { page: "requests" }
  | { page: "new" }
  | { page: "detail"; requestId: string }
  | { page: "transparency" }
  | { page: "audit-status" }
  | { page: "audit-lookup" }
  | { page: "audit-report" };

export function routeOf(path: string): Route {
  if (path === "/setup") return { page: "setup" };
  if (path === "/sign-in") return { page: "sign-in" };
  if (path === "/requests/new") return { page: "new" };
  if (path === "/transparency") return { page: "transparency" };
  if (path === "/audit") return { page: "audit-status" };
  if (path === "/audit/lookup") return { page: "audit-lookup" };
  if (path === "/audit/report") return { page: "audit-report" };
  const detail = /^\/requests\/(req_[0-9A-Za-z]+)$/.exec(path);
  if (detail?.[1] !== undefined) return { page: "detail", requestId: detail[1] };
  return { page: "requests" };
}

export function navigate(path: string): void {
  history.pushState(null, "", path);
  dispatchEvent(new PopStateEvent("popstate"));
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => routeOf(location.pathname));
  useEffect(() => {
    const update = () => setRoute(routeOf(location.pathname));
    addEventListener("popstate", update);
    return () => removeEventListener("popstate", update);
  }, []);
  return route;
}
