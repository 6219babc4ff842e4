//! Parsing of the storage services' list replies (`List Containers`, `List Blobs`, and
//! the Queue service's `List Queues`).
//!
//! Fail closed: the root must be `EnumerationResults`, the item list element must be
//! present, every item must carry its name (and a container its properties), and an
//! unknown public access level is an error rather than "private".

use super::error::AdlsError;
use super::xml::{self, Element};
use crate::kinds::container::PublicAccess;

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct ContainerItem {
    pub(crate) name: String,
    pub(crate) public_access: PublicAccess,
    /// Metadata names as the server returned them.
    pub(crate) metadata: Vec<(String, String)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct BlobItem {
    pub(crate) name: String,
    pub(crate) metadata: Vec<(String, String)>,
}

/// One `<Queue>` of a List Queues reply
/// (https://learn.microsoft.com/rest/api/storageservices/list-queues1#response-body).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct QueueItem {
    pub(crate) name: String,
    /// Metadata names as the server returned them.
    pub(crate) metadata: Vec<(String, String)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Page<T> {
    pub(crate) items: Vec<T>,
    /// The marker for the next page; `None` when this was the last one.
    pub(crate) next_marker: Option<String>,
}

pub(super) fn parse_container_list(
    action: &str,
    text: &str,
) -> Result<Page<ContainerItem>, AdlsError> {
    let root = enumeration_results(action, text)?;
    let list = root
        .child("Containers")
        .ok_or_else(|| AdlsError::missing(action, "the <Containers> element"))?;
    let mut items = Vec::new();
    for container in list.children_named("Container") {
        let name = required_text(action, container, "Name")?;
        let properties = container.child("Properties").ok_or_else(|| {
            AdlsError::missing(action, format!("<Properties> of container {name:?}"))
        })?;
        let public_access = parse_public_access(action, properties.child_text("PublicAccess"))?;
        items.push(ContainerItem {
            name: name.to_owned(),
            public_access,
            metadata: metadata_of(container),
        });
    }
    Ok(Page {
        items,
        next_marker: next_marker(&root),
    })
}

pub(super) fn parse_blob_list(action: &str, text: &str) -> Result<Page<BlobItem>, AdlsError> {
    let root = enumeration_results(action, text)?;
    let list = root
        .child("Blobs")
        .ok_or_else(|| AdlsError::missing(action, "the <Blobs> element"))?;
    let mut items = Vec::new();
    for blob in list.children_named("Blob") {
        items.push(BlobItem {
            name: required_text(action, blob, "Name")?.to_owned(),
            metadata: metadata_of(blob),
        });
    }
    Ok(Page {
        items,
        next_marker: next_marker(&root),
    })
}

pub(super) fn parse_queue_list(action: &str, text: &str) -> Result<Page<QueueItem>, AdlsError> {
    let root = enumeration_results(action, text)?;
    // An account without queues answers `<Queues />`, still present.
    let list = root
        .child("Queues")
        .ok_or_else(|| AdlsError::missing(action, "the <Queues> element"))?;
    let mut items = Vec::new();
    for queue in list.children_named("Queue") {
        items.push(QueueItem {
            name: required_text(action, queue, "Name")?.to_owned(),
            metadata: metadata_of(queue),
        });
    }
    Ok(Page {
        items,
        next_marker: next_marker(&root),
    })
}

/// `x-ms-blob-public-access` / `<PublicAccess>`: absent means private.
pub(super) fn parse_public_access(
    action: &str,
    value: Option<&str>,
) -> Result<PublicAccess, AdlsError> {
    match value.map(str::trim) {
        None | Some("") => Ok(PublicAccess::None),
        Some("blob") => Ok(PublicAccess::Blob),
        Some("container") => Ok(PublicAccess::Container),
        Some(other) => Err(AdlsError::malformed(
            action,
            format!("unknown public access level {other:?}"),
        )),
    }
}

fn enumeration_results(action: &str, text: &str) -> Result<Element, AdlsError> {
    let root =
        xml::parse(text).map_err(|e| AdlsError::malformed(action, format!("invalid XML: {e}")))?;
    if root.name != "EnumerationResults" {
        return Err(AdlsError::malformed(
            action,
            format!("expected <EnumerationResults>, got <{}>", root.name),
        ));
    }
    Ok(root)
}

fn required_text<'a>(action: &str, element: &'a Element, name: &str) -> Result<&'a str, AdlsError> {
    match element.child_text(name) {
        Some(text) if !text.is_empty() => Ok(text),
        _ => Err(AdlsError::missing(
            action,
            format!("<{name}> of a <{}>", element.name),
        )),
    }
}

fn metadata_of(item: &Element) -> Vec<(String, String)> {
    item.child("Metadata")
        .map(|m| {
            m.children
                .iter()
                .map(|e| (e.name.clone(), e.text.clone()))
                .collect()
        })
        .unwrap_or_default()
}

fn next_marker(root: &Element) -> Option<String> {
    root.child_text("NextMarker")
        .filter(|m| !m.is_empty())
        .map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    const CONTAINERS: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<EnumerationResults ServiceEndpoint="https://acct.blob.core.windows.net/">
  <MaxResults>2</MaxResults>
  <Containers>
    <Container><Name>landing</Name><Properties><Etag>"0x1"</Etag><PublicAccess>blob</PublicAccess></Properties>
      <Metadata><Owner>data-eng</Owner><lakeform_comment>raw%20files</lakeform_comment></Metadata></Container>
    <Container><Name>silver</Name><Properties><Etag>"0x2"</Etag></Properties></Container>
  </Containers>
  <NextMarker>/acct/tmp</NextMarker>
</EnumerationResults>"#;

    #[test]
    fn parses_a_container_page() {
        let page = parse_container_list("GET /?comp=list", CONTAINERS).unwrap();
        assert_eq!(page.next_marker.as_deref(), Some("/acct/tmp"));
        assert_eq!(page.items.len(), 2);
        assert_eq!(page.items[0].public_access, PublicAccess::Blob);
        assert_eq!(
            page.items[0].metadata,
            vec![
                ("Owner".to_owned(), "data-eng".to_owned()),
                ("lakeform_comment".to_owned(), "raw%20files".to_owned())
            ]
        );
        assert_eq!(page.items[1].public_access, PublicAccess::None);
        assert!(page.items[1].metadata.is_empty());
    }

    #[test]
    fn fails_closed_on_incomplete_replies() {
        let no_list = "<EnumerationResults><NextMarker/></EnumerationResults>";
        assert!(matches!(
            parse_container_list("a", no_list),
            Err(AdlsError::MissingInReply { .. })
        ));
        let no_name = "<EnumerationResults><Containers><Container><Properties/></Container></Containers></EnumerationResults>";
        assert!(parse_container_list("a", no_name).is_err());
        let no_props = "<EnumerationResults><Containers><Container><Name>x</Name></Container></Containers></EnumerationResults>";
        assert!(parse_container_list("a", no_props).is_err());
        let bad_access = CONTAINERS.replace("<PublicAccess>blob", "<PublicAccess>everyone");
        assert!(parse_container_list("a", &bad_access).is_err());
        assert!(parse_container_list("a", "<Error><Code>x</Code></Error>").is_err());
    }

    /// The response body of Microsoft's List Queues page, with metadata included.
    #[test]
    fn parses_a_queue_page() {
        let text = r#"<?xml version="1.0" encoding="utf-8"?>
<EnumerationResults ServiceEndpoint="https://myaccount.queue.core.windows.net/">
  <Prefix>q</Prefix>
  <Marker></Marker>
  <MaxResults>3</MaxResults>
  <Queues>
    <Queue><Name>orders-events</Name><Metadata><Owner>ingest</Owner><lakeform_comment>Snowpipe</lakeform_comment></Metadata></Queue>
    <Queue><Name>other</Name></Queue>
  </Queues>
  <NextMarker>/myaccount/q3</NextMarker>
</EnumerationResults>"#;
        let page = parse_queue_list("GET /?comp=list", text).unwrap();
        assert_eq!(page.next_marker.as_deref(), Some("/myaccount/q3"));
        assert_eq!(page.items[0].name, "orders-events");
        assert_eq!(
            page.items[0].metadata,
            vec![
                ("Owner".to_owned(), "ingest".to_owned()),
                ("lakeform_comment".to_owned(), "Snowpipe".to_owned())
            ]
        );
        assert!(page.items[1].metadata.is_empty());
        let empty =
            parse_queue_list("a", "<EnumerationResults><Queues/></EnumerationResults>").unwrap();
        assert!(empty.items.is_empty());
        assert!(parse_queue_list("a", "<EnumerationResults/>").is_err());
        assert!(
            parse_queue_list(
                "a",
                "<EnumerationResults><Queues><Queue/></Queues></EnumerationResults>"
            )
            .is_err()
        );
    }

    #[test]
    fn parses_a_blob_page() {
        let text = r#"<EnumerationResults ContainerName="landing"><Blobs>
            <Blob><Name>raw/</Name><Properties/><Metadata><hdi_isfolder>true</hdi_isfolder></Metadata></Blob>
            <Blob><Name>raw/a.csv</Name><Properties/></Blob></Blobs><NextMarker/></EnumerationResults>"#;
        let page = parse_blob_list("a", text).unwrap();
        assert_eq!(page.next_marker, None);
        assert_eq!(page.items[0].name, "raw/");
        assert_eq!(
            page.items[0].metadata,
            vec![("hdi_isfolder".into(), "true".into())]
        );
        assert_eq!(page.items[1].name, "raw/a.csv");
    }
}
