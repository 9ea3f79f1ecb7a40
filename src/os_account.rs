//! Who runs this process according to the operating system, read once: the owner of
//! `/proc/self` is the process's effective user (whatever USER, LOGNAME or --actor
//! say), named from /etc/passwd when it is listed there. Read directly rather than
//! through libc's getpwuid, so nothing here depends on the system's NSS modules.

use std::sync::OnceLock;

/// The effective user: its uid (None when /proc cannot say) and its login name.
#[derive(Debug)]
pub struct Account {
    pub uid: Option<u32>,
    pub name: Option<String>,
}

pub fn current() -> &'static Account {
    static ACCOUNT: OnceLock<Account> = OnceLock::new();
    ACCOUNT.get_or_init(|| {
        use std::os::unix::fs::MetadataExt;
        let uid = std::fs::metadata("/proc/self").map(|m| m.uid()).ok();
        let name = uid.and_then(|uid| {
            let passwd = std::fs::read_to_string("/etc/passwd").ok()?;
            name_in_passwd(&passwd, uid)
        });
        Account { uid, name }
    })
}

/// The login name of `uid` in the text of an /etc/passwd file (`name:x:uid:...`).
fn name_in_passwd(passwd: &str, uid: u32) -> Option<String> {
    passwd.lines().find_map(|line| {
        let mut fields = line.split(':');
        let (name, _, id) = (fields.next()?, fields.next()?, fields.next()?);
        (id.parse::<u32>().ok()? == uid).then(|| name.to_string())
    })
}

impl Account {
    /// The login for naming the actor and for login bindings: `name`, else `uid:N`.
    pub fn login(&self) -> String {
        match (&self.name, self.uid) {
            (Some(name), _) => name.clone(),
            (None, Some(uid)) => format!("uid:{uid}"),
            (None, None) => "unknown".to_string(),
        }
    }

    /// As history records it beside the actor: `name (uid N)`, else `uid N`.
    pub fn described(&self) -> String {
        match (&self.name, self.uid) {
            (Some(name), Some(uid)) => format!("{name} (uid {uid})"),
            (None, Some(uid)) => format!("uid {uid}"),
            _ => "unknown".to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_uid_is_named_from_its_passwd_line_only() {
        let passwd = "root:x:0:0:root:/root:/bin/bash\nbroken\nsvc:x:1000:1000::/home/svc:/bin/sh\nx:y:1000x:0\n";
        assert_eq!(name_in_passwd(passwd, 0).as_deref(), Some("root"));
        assert_eq!(name_in_passwd(passwd, 1000).as_deref(), Some("svc"));
        assert_eq!(name_in_passwd(passwd, 1001), None);
    }

    #[test]
    fn the_two_forms_say_the_same_account() {
        let named = Account { uid: Some(1000), name: Some("wang".into()) };
        assert_eq!((named.login(), named.described()), ("wang".into(), "wang (uid 1000)".into()));
        let unnamed = Account { uid: Some(1000), name: None };
        assert_eq!((unnamed.login(), unnamed.described()), ("uid:1000".into(), "uid 1000".into()));
        let unknown = Account { uid: None, name: None };
        assert_eq!((unknown.login(), unknown.described()), ("unknown".into(), "unknown".into()));
    }
}
