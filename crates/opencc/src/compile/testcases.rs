//! Upstream's test suite, `test/testcases/testcases.json` (vendored as
//! `data/testcases/testcases.json`): input text and the expected output per
//! configuration. Upstream reads it with comments and trailing commas
//! allowed (rapidjson flags), which `serde_json` does not accept, so those
//! are removed first.

use serde_json::Value;

/// One upstream case.
#[derive(Clone, Debug)]
pub struct Case {
    pub id: String,
    pub input: String,
    /// (configuration, expected output), by configuration name.
    pub expected: Vec<(String, String)>,
}

/// Cases of the eight configurations that cannot pass, with the reason;
/// (case id, configuration, reason). Kept under 2 % of the cases.
pub const ALLOWED: &[(&str, &str, &str)] = &[];

/// Reads the test suite.
pub fn parse(json: &str) -> Result<Vec<Case>, String> {
    let doc: Value = serde_json::from_str(&relax(json)).map_err(|e| e.to_string())?;
    let cases = doc
        .get("cases")
        .and_then(Value::as_array)
        .ok_or("no cases array")?;
    cases
        .iter()
        .map(|c| {
            let text = |v: Option<&Value>| v.and_then(Value::as_str).map(str::to_owned);
            let id = text(c.get("id")).unwrap_or_default();
            let input = text(c.get("input")).ok_or(format!("{id}: no input"))?;
            let expected = c
                .get("expected")
                .and_then(Value::as_object)
                .ok_or(format!("{id}: no expected"))?
                .iter()
                .map(|(k, v)| Ok((k.clone(), text(Some(v)).ok_or(format!("{id}: {k}"))?)))
                .collect::<Result<_, String>>()?;
            Ok(Case {
                id,
                input,
                expected,
            })
        })
        .collect()
}

/// Removes `//` and `/* */` comments and commas before `]` or `}`, outside
/// strings.
fn relax(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    let mut chars = json.chars().peekable();
    let mut in_string = false;
    while let Some(c) = chars.next() {
        if in_string {
            out.push(c);
            match c {
                '\\' => out.extend(chars.next()),
                '"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => {
                in_string = true;
                out.push(c);
            }
            '/' if chars.peek() == Some(&'/') => {
                for n in chars.by_ref() {
                    if n == '\n' {
                        out.push('\n');
                        break;
                    }
                }
            }
            '/' if chars.peek() == Some(&'*') => {
                chars.next();
                let mut prev = ' ';
                for n in chars.by_ref() {
                    if prev == '*' && n == '/' {
                        break;
                    }
                    prev = n;
                }
            }
            ',' => {
                let rest: String = chars.clone().take_while(|c| c.is_whitespace()).collect();
                let after = chars.clone().nth(rest.chars().count());
                if !matches!(after, Some(']' | '}')) {
                    out.push(c);
                }
            }
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relaxed_json() {
        let cases = parse(
            r#"{"cases": [ // one
              {"id": "a,]", "input": "x\"", "expected": {"s2t": "y",},},
            ]}"#,
        )
        .unwrap();
        assert_eq!(cases[0].id, "a,]");
        assert_eq!(cases[0].input, "x\"");
        assert_eq!(cases[0].expected, [("s2t".to_owned(), "y".to_owned())]);
    }
}
