package live.recbot.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The density mode's figures as a markdown table, and each size's limit. */
final class DensityReport {
    private DensityReport() {
    }

    /** One step in a line, for the progress output. */
    static String line(Density.Step s) {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%s, %s x %d: machine %s cores (%s per room); ",
                s.variant(), s.size(), s.roomCount(), f(s.machineCores(), 2), f(s.machineCoresPerRoom(), 2)));
        List<String> rooms = new ArrayList<>();
        for (Density.Room r : s.rooms()) {
            rooms.add(String.format(Locale.ROOT, "room %d new pictures %s%%, decode errors %s, A/V %s ms, stack %s cores%s",
                    r.index(), percent(r.newPictureRatio()), r.decodeErrors() == null ? "-" : r.decodeErrors(),
                    av(r.av()), f(r.stackCores(), 2), r.problem() == null ? "" : " -- " + r.problem()));
        }
        return b.append(String.join("; ", rooms)).append(s.held() ? "" : " -- NOT HELD").toString();
    }

    /** The most rooms that held at each size. */
    static Map<String, Integer> limits(List<Density.Step> steps) {
        Map<String, Integer> limits = new LinkedHashMap<>();
        for (Density.Step s : steps) {
            String key = s.variant() + " at " + s.size();
            limits.putIfAbsent(key, 0);
            if (s.held()) {
                limits.merge(key, s.roomCount(), Math::max);
            }
        }
        return limits;
    }

    static String markdown(Map<String, Object> header, List<Density.Step> steps) {
        StringBuilder b = new StringBuilder();
        b.append("Command: `").append(header.get("command")).append("`, finished ").append(header.get("finishedAt"))
                .append("\n\nMachine: ").append(header.get("machine")).append("\n\n");
        b.append("| variant | size | rooms | held | machine cores | cores per room | room | new pictures | decode errors "
                + "| A/V median (p10..p90) ms | room stack cores |\n");
        b.append("|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Density.Step s : steps) {
            for (Density.Room r : s.rooms()) {
                boolean first = r.index() == 0;
                b.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %d | %s%% | %s | %s | %s |%n",
                        first ? s.variant() : "", first ? s.size() : "", first ? s.roomCount() : "", first ? (s.held() ? "yes" : "no") : "",
                        first ? f(s.machineCores(), 2) : "", first ? f(s.machineCoresPerRoom(), 2) : "", r.index(),
                        percent(r.newPictureRatio()), r.decodeErrors() == null ? "-" : r.decodeErrors(),
                        av(r.av()), f(r.stackCores(), 2)));
            }
        }
        b.append("\nRooms that held (every room >= 98% new pictures, no decode error, A/V median within +-20 ms "
                + "and p10..p90 within +-40 ms): ");
        List<String> limits = new ArrayList<>();
        limits(steps).forEach((size, n) -> limits.add(size + ": " + n));
        b.append(String.join(", ", limits)).append('\n');
        for (Density.Step s : steps) {
            for (Density.Room r : s.rooms()) {
                if (r.problem() != null) {
                    b.append("\n- ").append(s.variant()).append(", ").append(s.size()).append(" x ").append(s.roomCount()).append(", room ")
                            .append(r.index()).append(": ").append(r.problem());
                }
            }
        }
        return b.toString();
    }

    private static String av(Density.Av av) {
        return av == null ? "-" : String.format(Locale.ROOT, "%.0f (%.0f..%.0f)", av.medianMs(), av.p10Ms(), av.p90Ms());
    }

    private static String percent(Double ratio) {
        return ratio == null ? "-" : String.format(Locale.ROOT, "%.1f", ratio * 100);
    }

    private static String f(Double v, int decimals) {
        return v == null ? "-" : String.format(Locale.ROOT, "%." + decimals + "f", v);
    }
}
