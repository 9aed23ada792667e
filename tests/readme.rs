//! The README's language reference shows real output: every ```text block that starts with
//! `annals> QUERY` must be what the query prints over the bundled data.
//! `UPDATE_EXPECT=1 cargo test --test readme` rewrites the blocks, for review with `git diff`.

fn output(graph: &annals::Graph, query: &str) -> String {
    match graph.query(query) {
        Ok(answer) => answer.to_string(),
        Err(error) => error.render(query),
    }
}

#[test]
fn readme_examples_are_real_output() {
    let graph = annals::load("data").unwrap();
    let readme = std::fs::read_to_string("README.md").unwrap();
    let mut rewritten = String::new();
    let mut failures = Vec::new();
    let mut n_examples = 0;
    let mut rest = readme.as_str();
    while let Some(start) = rest.find("```text\nannals> ") {
        let (before, block) = rest.split_at(start);
        rewritten.push_str(before);
        let body = &block["```text\n".len()..];
        let end = body.find("\n```").expect("unclosed block");
        let (query_line, expected) = body[..end].split_once('\n').unwrap_or((&body[..end], ""));
        let query = &query_line["annals> ".len()..];
        let got = output(&graph, query);
        if got.trim_end() != expected.trim_end() {
            failures.push(format!(
                "> {query}\n--- README\n{expected}\n--- actual\n{got}"
            ));
        }
        rewritten.push_str(&format!("```text\nannals> {query}\n{}", got.trim_end()));
        rest = &body[end..];
        n_examples += 1;
    }
    rewritten.push_str(rest);
    assert!(n_examples >= 15, "the README shows {n_examples} examples");
    if std::env::var_os("UPDATE_EXPECT").is_some() {
        std::fs::write("README.md", rewritten).unwrap();
        return;
    }
    assert!(
        failures.is_empty(),
        "README differs:\n\n{}",
        failures.join("\n\n")
    );
}
