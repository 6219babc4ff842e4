//! A value an object carries that the configuration derives from its other attributes
//! (what a task's statement or a view's query refers to): it gives the plan its edges,
//! but it is not an attribute of the object. Snowflake reports no such thing, so a live
//! object never has it, and it takes no part in equality: objects derive `PartialEq`
//! and a desired task still equals the live one it was applied as.

use std::ops::{Deref, DerefMut};

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Derived<T>(pub T);

/// Always equal: see the module doc.
impl<T> PartialEq for Derived<T> {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl<T> Eq for Derived<T> {}

impl<T> Deref for Derived<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T> DerefMut for Derived<T> {
    fn deref_mut(&mut self) -> &mut T {
        &mut self.0
    }
}

/// `for x in &object.uses`, as over the value itself.
impl<'a, T> IntoIterator for &'a Derived<T>
where
    &'a T: IntoIterator,
{
    type Item = <&'a T as IntoIterator>::Item;
    type IntoIter = <&'a T as IntoIterator>::IntoIter;

    fn into_iter(self) -> Self::IntoIter {
        (&self.0).into_iter()
    }
}

impl<T> From<T> for Derived<T> {
    fn from(value: T) -> Self {
        Derived(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(PartialEq, Debug)]
    struct Object {
        name: &'static str,
        uses: Derived<Vec<&'static str>>,
    }

    #[test]
    fn derived_values_take_no_part_in_equality() {
        let desired = Object {
            name: "T",
            uses: vec!["S"].into(),
        };
        let live = Object {
            name: "T",
            uses: Default::default(),
        };
        assert_eq!(desired, live);
        assert_ne!(
            desired,
            Object {
                name: "U",
                uses: vec!["S"].into()
            }
        );
    }
}
