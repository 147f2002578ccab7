import { type ReactNode, useEffect } from "react";
import { useAuth } from "../auth";
import { navigate, useLocationKey } from "../router";
import { Loading } from "./ui";

/** Pages for signed-in players: others go to the login page, and come back after. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const { status } = useAuth();
  const here = useLocationKey();
  useEffect(() => {
    if (status === "anonymous") {
      navigate(`/account/login?next=${encodeURIComponent(here)}`, { replace: true });
    }
  }, [status, here]);
  if (status !== "authenticated") return <Loading />;
  return <>{children}</>;
}
