pub mod formats;
pub mod source;
pub mod tree;
