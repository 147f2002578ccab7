/** /community/rounds/<round>: finds the round's discussion thread and goes there. */
import { useEffect } from "react";
import { api, unwrap } from "../../api/client";
import { ErrorMessage, Loading, PageTitle } from "../../components/ui";
import { useAsync } from "../../hooks";
import { useI18n } from "../../i18n";
import { navigate, safeNext } from "../../router";

export default function RoundThread({ round }: { round: string }) {
  const { t } = useI18n();
  const roundId = Number(round);
  const { data, error, reload } = useAsync(
    () => unwrap(api.GET("/api/v1/community/rounds/{round_id}/thread/", { params: { path: { round_id: roundId } } })),
    [roundId],
  );
  useEffect(() => {
    if (data) navigate(safeNext(data.url, "/community"), { replace: true });
  }, [data]);
  if (error) {
    return (
      <section>
        <PageTitle>{t("community.title")}</PageTitle>
        <ErrorMessage error={error} retry={reload} />
      </section>
    );
  }
  return <Loading />;
}
