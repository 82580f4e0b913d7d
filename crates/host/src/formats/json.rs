//! The project's JSON network format ([`semiring_core::Network`] through serde): a file holds
//! one network, an array of networks, or several of either one after another (e.g. one per
//! line). Every network is validated; errors name the line and column (syntax) or the line the
//! offending network starts on (validation).

use super::{FormatError, Instance, ParseProblem, Problem};
use semiring_core::Network;
use serde::Deserialize;
use std::path::Path;

#[derive(Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    One(Network),
    Many(Vec<Network>),
}

/// The largest domain accepted: relation matrices take `size^2` bits each (the values limit
/// of [`crate::limits`]).
pub const MAX_SIZE: usize = crate::limits::MAX_VALUES;

fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

/// Parses every network in a JSON file.
pub fn parse(text: &str, path: &Path) -> Result<Vec<Instance>, FormatError> {
    let mut out = Vec::new();
    let mut stream = serde_json::Deserializer::from_str(text).into_iter::<serde_json::Value>();
    let mut start = 0;
    while let Some(item) = stream.next() {
        let value = item.map_err(|e| {
            FormatError::at(path, e.line(), Some(e.column()), ParseProblem::Syntax(format!("invalid JSON: {e}")))
        })?;
        // The line the value starts on: skip the whitespace before it.
        let end = stream.byte_offset();
        let skipped = text[start..end].len() - text[start..end].trim_start().len();
        let line = line_of(text, start + skipped);
        start = end;
        let nets = match OneOrMany::deserialize(&value) {
            Ok(OneOrMany::One(n)) => vec![n],
            Ok(OneOrMany::Many(v)) => v,
            Err(_) => {
                // Say what is wrong with the (first) network rather than "no variant matched".
                let first = match &value {
                    serde_json::Value::Array(a) => a.first().cloned().unwrap_or(serde_json::Value::Null),
                    v => v.clone(),
                };
                let why = match Network::deserialize(&first) {
                    Err(e) => e.to_string(),
                    Ok(_) => "expected a network or an array of networks".into(),
                };
                return Err(FormatError::at(path, line, None, ParseProblem::Network(format!("not a network: {why}"))));
            }
        };
        let many = nets.len() > 1 || matches!(value, serde_json::Value::Array(_));
        for (i, network) in nets.into_iter().enumerate() {
            let what = if many { format!("network {i}: ") } else { String::new() };
            if network.variables.len() > crate::limits::MAX_VARIABLES {
                return Err(FormatError::at(
                    path,
                    line,
                    None,
                    ParseProblem::Network(format!(
                        "{what}{} variables; the limit is {} per network",
                        network.variables.len(),
                        crate::limits::MAX_VARIABLES
                    )),
                ));
            }
            if let Some((v, var)) = network.variables.iter().enumerate().find(|(_, x)| x.size > MAX_SIZE) {
                return Err(FormatError::at(
                    path,
                    line,
                    None,
                    ParseProblem::Network(format!(
                        "{what}variable {v} has {} values; this reader accepts at most {MAX_SIZE}",
                        var.size
                    )),
                ));
            }
            network
                .validate()
                .map_err(|e| FormatError::at(path, line, None, ParseProblem::Network(format!("{what}{e}"))))?;
            let name =
                if many { format!("{}:{line}#{i}", path.display()) } else { format!("{}:{line}", path.display()) };
            out.push(Instance {
                name,
                line,
                network,
                problem: Problem::Network,
                known_solution: None,
                known_count: None,
            });
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Result<Vec<Instance>, String> {
        parse(s, Path::new("n.json")).map_err(|e| e.to_string())
    }

    #[test]
    fn one_many_and_stream() {
        let one =
            r#"{"variables":[{"size":2},{"size":2}],"constraints":[{"type":"binary","scope":[0,1],"relation":"ne"}]}"#;
        assert_eq!(p(one).unwrap().len(), 1);
        assert_eq!(p(&format!("[{one},{one}]")).unwrap().len(), 2);
        let v = p(&format!("{one}\n\n{one}\n")).unwrap();
        assert_eq!((v.len(), v[1].line), (2, 3));
    }

    #[test]
    fn errors() {
        let e = p("{\"variables\": [\n  {\"size\": 2},\n  {\"size\": }]}").unwrap_err();
        assert!(e.starts_with("n.json:3:12: invalid JSON"), "{e}");
        let e = p("\n{\"variables\":[{\"size\":2}],\"constraints\":[{\"type\":\"binary\",\"scope\":[0,3],\"relation\":\"ne\"}]}")
            .unwrap_err();
        assert_eq!(e, "n.json:2: invalid network: constraint 0: variable 3 does not exist (the network has 1)");
        let e = p("{\"variables\":[{\"size\":2,\"colour\":1}],\"constraints\":[]}").unwrap_err();
        assert!(e.starts_with("n.json:1: invalid network: not a network: unknown field `colour`"), "{e}");
    }
}
