/** /community/rounds/<round>: finds the round's discussion thread and goes there. */
import { useQuery } from "@tanstack/react-query";
import { useEffect } from "react";
import { roundThreadQuery } from "../../api/queries";
import { ErrorMessage, Loading, PageTitle } from "../../components/ui";
import { useI18n } from "../../i18n";
import { navigate, safeNext } from "../../router";

export default function RoundThread({ round }: { round: string }) {
  const { t } = useI18n();
  const roundId = Number(round);
  const { data, error, refetch } = useQuery(roundThreadQuery(roundId));
  useEffect(() => {
    if (data) navigate(safeNext(data.url, "/community"), { replace: true });
  }, [data]);
  if (error) {
    return (
      <section>
        <PageTitle>{t("community.title")}</PageTitle>
        <ErrorMessage error={error} retry={() => void refetch()} />
      </section>
    );
  }
  return <Loading />;
}
