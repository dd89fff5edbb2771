//! The synthetic yearbook of the benchmarks: 10,000 entities written as
//! content files. Shared by examples/bench_serve.rs and bench_search.rs.

use std::path::Path;

fn write(path: &Path, text: &str) {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).expect("mkdir");
    }
    std::fs::write(path, text).expect("write");
}

/// 7,000 cities under 70 provinces, 1,000 councils (50 with 19 committees
/// each), 2,000 events with five participants each: 10,000 entities.
pub fn synthetic(root: &Path) {
    let c = root.join("content");
    write(
        &c.join("yearbook.yaml"),
        "title: {zh-Hans: 合成年鉴, en: Synthetic Yearbook}\nlanguages: [zh-Hans, zh-Hant, en]\n",
    );
    write(
        &c.join("countries.yaml"),
        "CN: {zh-Hans: 中国, en: China}\nKR: {zh-Hans: 韩国, en: South Korea}\n",
    );
    let han = "东西南北中华国际友好城市地方政府交流合作会议论坛";
    let name = |i: usize| -> String {
        let chars: Vec<char> = han.chars().collect();
        (0..4)
            .map(|k| chars[(i / chars.len().pow(k)) % chars.len()])
            .collect()
    };
    for p in 0..70 {
        write(
            &c.join(format!("cities/p{p}/province-{p}.yaml")),
            &format!(
                "name: {{zh-Hans: {}省, en: Province {p}}}\ncountry: {}\nlevel: province\n",
                name(p),
                if p % 2 == 0 { "CN" } else { "KR" }
            ),
        );
    }
    for i in 0..6930 {
        let p = i % 70;
        write(
            &c.join(format!("cities/p{p}/city-{i}.yaml")),
            &format!(
                "name: {{zh-Hans: {}市, en: City {i}}}\ncountry: {}\nlevel: city\nparent: province-{p}\n{}",
                name(i + 100),
                if p % 2 == 0 { "CN" } else { "KR" },
                if i % 10 == 0 {
                    format!(
                        "ties:\n  - city: city-{}\n    kind: sister\n    since: 2001\n",
                        (i + 7) % 6930
                    )
                } else {
                    String::new()
                }
            ),
        );
    }
    for n in 0..50 {
        let members: String = (0..40)
            .map(|k| format!("  - city: city-{}\n", (n * 131 + k * 7) % 6930))
            .collect();
        write(
            &c.join(format!("councils/c{n}/council-{n}.yaml")),
            &format!(
                "name: {{zh-Hans: {}联合会, en: Council {n}}}\nfounded: 1996\nmembers:\n{members}",
                name(n + 9000)
            ),
        );
        for k in 0..19 {
            write(
                &c.join(format!("councils/c{n}/committee-{n}-{k}.yaml")),
                &format!(
                    "name: {{zh-Hans: {}委员会, en: Committee {n}-{k}}}\nparent: council-{n}\nmembers:\n  - city: city-{}\n    role: coordinator\n",
                    name(n * 19 + k + 20000),
                    (n * 19 + k) % 6930
                ),
            );
        }
    }
    for e in 0..2000 {
        let parts: Vec<String> = (0..5)
            .map(|k| format!("city-{}", (e * 13 + k * 1001) % 6930))
            .collect();
        write(
            &c.join(format!("events/y{}/event-{e}.yaml", 2000 + e % 25)),
            &format!(
                "title: {{zh-Hans: {}会议, en: Meeting {e}}}\nkind: meeting\ndate: {}-{:02}-{:02}\ncity: city-{}\ncouncils: [council-{}]\nparticipants: [{}]\n",
                name(e + 30000),
                2000 + e % 25,
                1 + e % 12,
                1 + e % 28,
                (e * 17) % 6930,
                e % 50,
                parts.join(", ")
            ),
        );
        if e % 4 == 0 {
            write(
                &c.join(format!("events/y{}/event-{e}.zh-Hans.md", 2000 + e % 25)),
                &format!(
                    "{}的代表团参加了会议，\n与[](@cities/{})交流合作。\n",
                    name(e),
                    parts[0]
                ),
            );
        }
    }
}
