//! A small RFC 4180 reader: fields separated by commas, quoted fields with `""` for a quote
//! and line breaks inside, `\n` or `\r\n` line ends. Each record keeps the line it starts on.

use super::ImportError;

/// One record: its first line (1-based) and its fields.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Record {
    pub line: usize,
    pub fields: Vec<String>,
}

/// Reads every record of `text`; blank lines are skipped.
pub(crate) fn records(file: &str, text: &str) -> Result<Vec<Record>, ImportError> {
    let mut out = Vec::new();
    let mut fields = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut was_quoted = false;
    let mut line = 1;
    let mut start_line = 1;
    let mut column = 0;
    let mut chars = text.chars().peekable();
    let bad = |line, column, message: &str| ImportError::at(file, line, column, message);
    while let Some(c) = chars.next() {
        column += 1;
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    column += 1;
                    field.push('"');
                }
                '"' => quoted = false,
                '\n' => {
                    line += 1;
                    column = 0;
                    field.push('\n');
                }
                c => field.push(c),
            }
            continue;
        }
        match c {
            '"' if field.is_empty() && !was_quoted => {
                quoted = true;
                was_quoted = true;
            }
            '"' => return Err(bad(line, column, "a quote inside an unquoted field")),
            ',' => {
                fields.push(std::mem::take(&mut field));
                was_quoted = false;
            }
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' => {
                fields.push(std::mem::take(&mut field));
                if !(fields.len() == 1 && fields[0].is_empty() && !was_quoted) {
                    out.push(Record {
                        line: start_line,
                        fields: std::mem::take(&mut fields),
                    });
                }
                fields.clear();
                was_quoted = false;
                line += 1;
                start_line = line;
                column = 0;
            }
            c if was_quoted => {
                let _ = c;
                return Err(bad(line, column, "text after a closing quote"));
            }
            c => field.push(c),
        }
    }
    if quoted {
        return Err(bad(start_line, 1, "a quoted field is not closed"));
    }
    if !field.is_empty() || !fields.is_empty() || was_quoted {
        fields.push(field);
        out.push(Record {
            line: start_line,
            fields,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_commas_and_line_breaks() {
        let r = records("t.csv", "a,b\n\"x, \"\"y\"\"\",\"two\nlines\"\r\n\n,\n").expect("parses");
        assert_eq!(r.len(), 3);
        assert_eq!(r[1].fields, ["x, \"y\"", "two\nlines"]);
        assert_eq!(r[1].line, 2);
        assert_eq!(r[2].line, 5);
        assert_eq!(r[2].fields, ["", ""]);
    }

    #[test]
    fn errors_have_a_place() {
        let e = records("t.csv", "a,b\nx\"y,z\n").expect_err("a stray quote");
        assert_eq!((e.line, e.column), (2, 2));
        let e = records("t.csv", "a,\"open\n").expect_err("unclosed");
        assert_eq!(e.line, 1);
    }
}
