package live.recbot.upload;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which files of an HLS folder may be uploaded now, in order: the init segment first, then every
 * completed media segment by number; and whether a playlist may follow them, which it may only
 * once every file it names is stored, so the remote playlist never names a missing object.
 */
final class HlsReady {
    static final String INIT = "init.mp4";
    static final String PLAYLIST = "index.m3u8";
    /** A segment under its final name; the muxer writes it under another and renames it once complete. */
    private static final Pattern SEGMENT = Pattern.compile("segment-\\d+\\.m4s");
    private static final Pattern MAP = Pattern.compile("#EXT-X-MAP:.*URI=\"([^\"]+)\"");

    private HlsReady() {
    }

    /**
     * The files to upload next, given the folder's listing and what is stored already. The init
     * segment counts as complete once a segment is, or once the muxer has {@code finished}, since
     * the muxer writes it without a temporary name.
     */
    static List<String> files(Collection<String> listing, Set<String> stored, boolean finished) {
        List<String> segments = listing.stream().filter(n -> SEGMENT.matcher(n).matches()).sorted().toList();
        List<String> ready = new ArrayList<>();
        if (listing.contains(INIT) && !stored.contains(INIT) && (finished || !segments.isEmpty())) {
            ready.add(INIT);
        }
        if (!stored.contains(INIT) && !ready.contains(INIT)) {
            return ready;
        }
        segments.stream().filter(s -> !stored.contains(s)).forEach(ready::add);
        return ready;
    }

    /** Every file {@code playlist} names: its init segment (#EXT-X-MAP) and its media segments. */
    static List<String> named(String playlist) {
        List<String> names = new ArrayList<>();
        for (String line : playlist.lines().map(String::strip).toList()) {
            Matcher map = MAP.matcher(line);
            if (map.find()) {
                names.add(map.group(1));
            } else if (!line.isEmpty() && !line.startsWith("#")) {
                names.add(line);
            }
        }
        return names;
    }

    /** Whether {@code playlist} may be uploaded: it lists something, and all it names is stored. */
    static boolean playlistReady(String playlist, Set<String> stored) {
        List<String> names = named(playlist);
        return !names.isEmpty() && stored.containsAll(names);
    }
}
