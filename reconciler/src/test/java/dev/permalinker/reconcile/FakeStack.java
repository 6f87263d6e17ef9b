package dev.permalinker.reconcile;

import dev.permalinker.cma.CmaResponse;
import dev.permalinker.model.JsonCodec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A stack's asset list as the CMA pages it newest first; records every page asked for. */
final class FakeStack implements AssetReads {
    private final JsonCodec json = JsonCodec.create();
    private final List<Map<String, Object>> assets = new ArrayList<>();
    final List<String> requests = new ArrayList<>();

    Map<String, Object> add(String uid, Instant createdAt) {
        Map<String, Object> asset = new LinkedHashMap<>();
        asset.put("uid", uid);
        asset.put("created_at", createdAt.toString());
        asset.put("filename", uid + ".png");
        asset.put("url", "https://images.contentstack.io/v3/assets/bltstack/" + uid + "/0123/" + uid + ".png");
        asset.put("content_type", "image/png");
        assets.add(asset);
        return asset;
    }

    /** {@code n} assets, the newest {@code newest} old at {@code now}, one every {@code every}, uids prefix0… */
    void addSeries(String prefix, int n, Instant now, Duration newest, Duration every) {
        for (int i = 0; i < n; i++) {
            add(prefix + i, now.minus(newest).minus(every.multipliedBy(i)));
        }
    }

    /** Sets an asset's {@code permanent_url}, as the worker's write does. */
    void setUrl(String uid, String permanentUrl) {
        assets.stream().filter(asset -> uid.equals(asset.get("uid"))).forEach(asset -> asset.put("permanent_url",
                permanentUrl));
    }

    @Override
    public CmaResponse newestFirst(String apiKey, String branch, int skip, int limit, Duration timeout) {
        requests.add(apiKey + "/" + branch + "?skip=" + skip + "&limit=" + limit);
        List<Map<String, Object>> sorted = new ArrayList<>(assets);
        sorted.sort(Comparator.comparing((Map<String, Object> a) -> String.valueOf(a.get("created_at"))).reversed());
        List<Map<String, Object>> page = sorted.stream().skip(skip).limit(limit).toList();
        return CmaResponse.of(200, json.write(Map.of("assets", page, "count", assets.size())), json);
    }
}
