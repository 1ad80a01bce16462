package live.recbot.testing;

import java.util.ArrayList;
import java.util.List;

/** What an HLS media playlist lists: its segments' durations (#EXTINF) and their URIs, in order. */
public final class HlsPlaylist {
    private HlsPlaylist() {
    }

    public static List<Double> durations(String playlist) {
        List<Double> durations = new ArrayList<>();
        for (String line : playlist.lines().toList()) {
            if (line.startsWith("#EXTINF:")) {
                durations.add(Double.parseDouble(line.substring("#EXTINF:".length()).split(",")[0]));
            }
        }
        return durations;
    }

    public static List<String> segments(String playlist) {
        return playlist.lines().filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
    }
}
