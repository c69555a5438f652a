//! Every example query in queries/ runs on the seed graph and gives its golden result
//! (tests/golden/queries/NAME.csv; regenerate with UPDATE_EXPECT=1 and review the diff).

use crate::util::{query, root, seed_store};

#[test]
fn example_queries_match_their_golden_results() {
    let store = seed_store();
    let mut files: Vec<_> = std::fs::read_dir(root().join("queries"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|extension| extension == "rq"))
        .collect();
    files.sort();
    assert!(files.len() >= 6, "at least six example queries");
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        assert!(
            text.starts_with("# "),
            "{} opens with a comment saying what it answers",
            file.display()
        );
        // SPARQL CSV ends lines with CRLF; expect-test reads files with LF.
        let result = query(store, &text, "csv").replace("\r\n", "\n");
        assert!(
            result.lines().count() > 1,
            "{} answers something on the seeds",
            file.display()
        );
        let name = file.file_stem().unwrap().to_str().unwrap();
        expect_test::expect_file![root().join(format!("tests/golden/queries/{name}.csv"))]
            .assert_eq(&result);
    }
}
