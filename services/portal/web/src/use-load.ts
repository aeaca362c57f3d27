import { useCallback, useEffect, useState } from "react";
import type { ProblemBody } from "../../src/bff-contract.js";
import { ApiProblem } from "./api.js";

/** A GET whose problem is kept for display, with a reload for the retry button. */
export function useLoad<T>(load: () => Promise<T>, deps: readonly unknown[]) {
  const [data, setData] = useState<T>();
  const [problem, setProblem] = useState<ProblemBody>();
  const [loading, setLoading] = useState(true);
  const run = useCallback(load, deps);
  const reload = useCallback(() => {
    setLoading(true);
    setProblem(undefined);
    run().then(
      (value) => {
        setData(value);
        setLoading(false);
      },
      (error: unknown) => {
        setProblem(
          error instanceof ApiProblem ? error.problem : { status: 500, code: "PORTAL_INTERNAL" },
        );
        setLoading(false);
      },
    );
  }, [run]);
  useEffect(reload, [reload]);
  return { data, problem, loading, reload };
}
