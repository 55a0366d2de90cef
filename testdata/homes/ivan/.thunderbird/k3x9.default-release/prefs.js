// Mozilla User Preferences
user_pref("mail.server.server1.hostname", "imap.corp.test");
user_pref("mail.server.server1.userName", "ivan@corp.test");
user_pref("mail.server.server1.type", "imap");
user_pref("mail.smtpserver.smtp1.hostname", "smtp.corp.test");
user_pref("mail.smtpserver.smtp1.username", "ivan@corp.test");
user_pref("mail.identity.id1.useremail", "ivan@corp.test");
