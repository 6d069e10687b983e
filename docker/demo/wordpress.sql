-- The demo site's database: a few tables shaped like WordPress's, loaded by MariaDB's
-- entrypoint at the first start of the compose file's mariadb service.
CREATE TABLE wp_options (
  option_id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  option_name VARCHAR(191) NOT NULL DEFAULT '',
  option_value LONGTEXT NOT NULL,
  autoload VARCHAR(20) NOT NULL DEFAULT 'yes',
  PRIMARY KEY (option_id),
  UNIQUE KEY option_name (option_name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

INSERT INTO wp_options (option_name, option_value) VALUES
  ('siteurl', 'http://site.demo.test'),
  ('home', 'http://site.demo.test'),
  ('blogname', 'Le blog de démonstration'),
  ('template', 'demo');

CREATE TABLE wp_posts (
  ID BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  post_author BIGINT UNSIGNED NOT NULL DEFAULT 0,
  post_date DATETIME NOT NULL,
  post_title TEXT NOT NULL,
  post_content LONGTEXT NOT NULL,
  post_status VARCHAR(20) NOT NULL DEFAULT 'publish',
  post_type VARCHAR(20) NOT NULL DEFAULT 'post',
  PRIMARY KEY (ID)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

INSERT INTO wp_posts (post_author, post_date, post_title, post_content) VALUES
  (1, '2026-11-02 09:00:00', 'Bonjour tout le monde !', 'Bienvenue sur WordPress. Ceci est votre premier article.'),
  (1, '2026-11-20 18:30:00', 'Une sauvegarde, ça se teste', 'Restaurer, c''est la seule preuve.');

CREATE TABLE wp_users (
  ID BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  user_login VARCHAR(60) NOT NULL DEFAULT '',
  user_email VARCHAR(100) NOT NULL DEFAULT '',
  PRIMARY KEY (ID)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

INSERT INTO wp_users (user_login, user_email) VALUES ('admin', 'admin@site.demo.test');
