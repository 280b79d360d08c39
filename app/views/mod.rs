//! HTML, as plain functions returning `Markup`. Views render the values they are given and
//! never query; they never fail.

pub mod error;
pub mod home;
pub mod layout;
